package dev.lifeboat.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Deep copies of model objects, so that a lifecycle never edits the object it was given. */
public final class Copies {
  // JavaTimeModule: a Lease's acquireTime/renewTime are ZonedDateTimes (without it, copying a Lease throws).
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Copies() {}

  public static <T> T deepCopy(T value, Class<T> type) {
    return value == null ? null : MAPPER.convertValue(value, type);
  }

  /** Structural equality through the JSON form: what the API server would store. */
  public static boolean sameJson(Object a, Object b) {
    return MAPPER.valueToTree(a).equals(MAPPER.valueToTree(b));
  }
}
