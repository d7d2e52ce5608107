package io.clicktrail.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A WhatsApp business phone number of an account. */
public record PhoneNumber(String id, @JsonIgnore String accountId, String displayPhoneNumber) {}
