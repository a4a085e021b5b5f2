/**
 * Custom resource classes of group {@code lifeboat.dev}, version {@code v1alpha1}: data only.
 * The CRD YAML (schema, printer columns, short names, status subresource) is generated from these
 * classes at build time and committed under {@code deploy/crds/}.
 */
package dev.lifeboat.api;
