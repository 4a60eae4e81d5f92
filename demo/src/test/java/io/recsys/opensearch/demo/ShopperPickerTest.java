package io.recsys.opensearch.demo;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShopperPickerTest {

    private static ShopperPicker.Candidate candidate(String id, double affinity, int platforms, String... categories) {
        return new ShopperPicker.Candidate(id, 50, List.of(categories), affinity, platforms);
    }

    @Test
    void theMostDevotedCustomersOfTheFirstTwoCategoriesThatBothHaveOne() {
        Map<String, List<ShopperPicker.Candidate>> byCategory = Map.of(
            "jewellery", List.of(candidate("a", 0.2, 2, "jewellery", "decoration"), candidate("b", 0.5, 2, "jewellery", "party")),
            "drinkware", List.of(candidate("c", 0.4, 3, "drinkware", "bowl")));
        Optional<ShopperPicker.Pick> pick = ShopperPicker.pick(List.of("jewellery", "drinkware", "storage"), (c, other) -> byCategory.getOrDefault(c, List.of()));
        assertTrue(pick.isPresent());
        assertEquals("b", pick.get().first().id());
        assertEquals("jewellery", pick.get().firstCategory());
        assertEquals("c", pick.get().second().id());
        assertEquals("drinkware", pick.get().secondCategory());
    }

    @Test
    void aCustomerWhoLikesBothOrBuysOnOnePlatformOrPutsAnotherCategoryFirstIsNotPicked() {
        List<ShopperPicker.Candidate> candidates = List.of(
            candidate("likes-both", 0.9, 2, "jewellery", "drinkware"),
            candidate("one-platform", 0.8, 1, "jewellery"),
            candidate("other-first", 0.7, 2, "party", "jewellery"),
            candidate("fine", 0.1, 2, "jewellery", "party"));
        assertEquals("fine", ShopperPicker.devoted(candidates, "jewellery", "drinkware", null).orElseThrow().id());
        assertTrue(ShopperPicker.devoted(candidates, "jewellery", "drinkware", "fine").isEmpty());
    }

    @Test
    void whenTheFirstCategoryHasNoOneTheNextPairIsTried() {
        Map<String, List<ShopperPicker.Candidate>> byCategory = Map.of(
            "drinkware", List.of(candidate("c", 0.4, 2, "drinkware")),
            "storage", List.of(candidate("d", 0.3, 2, "storage")));
        ShopperPicker.Pick pick = ShopperPicker.pick(List.of("jewellery", "drinkware", "storage"), (c, other) -> byCategory.getOrDefault(c, List.of()))
            .orElseThrow();
        assertEquals(List.of("drinkware", "storage"), List.of(pick.firstCategory(), pick.secondCategory()));
    }

    @Test
    void nobodyToCompareIsEmpty() {
        assertTrue(ShopperPicker.pick(List.of("mug"), (c, other) -> List.of(candidate("a", 1, 2, "mug"))).isEmpty());
    }
}
