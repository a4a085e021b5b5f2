/**
 * {@code lifeboat.dev/v1beta1}: the kinds whose shape is settled (Repository, Backup, Restore), served beside
 * {@code v1alpha1} with the same schema and conversion {@code None}; v1alpha1 stays the storage version. lifeboat's
 * CLI and controller still read and write v1alpha1 in this release (a CLI one release newer than the CRDs must work,
 * and older CRDs do not serve v1beta1); see docs/upgrades.md.
 */
package dev.lifeboat.api.v1beta1;
