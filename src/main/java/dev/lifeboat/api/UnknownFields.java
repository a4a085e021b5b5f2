package dev.lifeboat.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every object of lifeboat's API (specs, statuses and their parts) carries besides its own fields: the fields
 * this build does not know, written by a newer CLI or controller, or allowed by newer CRDs. They are read without
 * failing and written back on update, so an older build never drops what a newer one set (version skew, see
 * docs/upgrades.md).
 *
 * <p>The methods are not bean accessors on purpose: {@link ApiJson}'s mix-in makes them Jackson's any-getter and
 * any-setter at run time, while the CRD generator, which reads these classes at build time, sees no catch-all
 * (which it would turn into {@code x-kubernetes-preserve-unknown-fields}, and the server would then keep typos
 * instead of pruning them).
 */
public abstract class UnknownFields {
  private final Map<String, Object> unknown = new LinkedHashMap<>();

  /** The fields read that this build has no field for, in the order read. */
  public Map<String, Object> unknownFields() {
    return unknown;
  }

  public void putUnknownField(String name, Object value) {
    unknown.put(name, value);
  }
}
