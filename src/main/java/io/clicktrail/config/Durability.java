package io.clicktrail.config;

/** Whether a click is durably stored before its redirect is answered. */
public enum Durability {
  /** The click is durably stored before the 302 is sent. */
  SYNC,
  /** The 302 is sent first; the click is stored right after. */
  ASYNC
}
