/**
 * The in-Job side ({@code lifeboat backup-manager ...}): drives restic, parses its JSON output,
 * reports progress to the resource's status and the result through the termination message.
 */
package dev.lifeboat.manager;
