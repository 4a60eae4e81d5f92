package io.recsys.opensearch.profile;

/**
 * A profile as read, with what a conditional write needs.
 *
 * @param state       the profile (a fresh empty one when the document does not exist)
 * @param exists      whether the document exists
 * @param seqNo       its sequence number (for if_seq_no)
 * @param primaryTerm its primary term (for if_primary_term)
 */
public record StoredProfile(ProfileState state, boolean exists, long seqNo, long primaryTerm) {}
