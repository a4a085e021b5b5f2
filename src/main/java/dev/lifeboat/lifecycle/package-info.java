/**
 * Pure state machines: {@code decide(resource, observed, now) -> Decision}. No client, no clock
 * reads, no I/O: everything a decision needs is passed in, so every transition is a table test.
 * {@code LayeringTest} fails the build when this package imports anything else.
 */
package dev.lifeboat.lifecycle;
