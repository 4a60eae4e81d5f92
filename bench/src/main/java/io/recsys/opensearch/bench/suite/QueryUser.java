package io.recsys.opensearch.bench.suite;

/**
 * A user the query scenarios ask for.
 *
 * @param id         user id
 * @param vector     the profile's long-term vector (what the plain k-NN query searches with)
 * @param word       a signature word of the user's favourite cluster (the text query)
 * @param preferred  the clusters the generator gave the user
 */
record QueryUser(String id, float[] vector, String word, int[] preferred) {

    boolean prefers(int cluster) {
        for (int c : preferred) {
            if (c == cluster) {
                return true;
            }
        }
        return false;
    }
}
