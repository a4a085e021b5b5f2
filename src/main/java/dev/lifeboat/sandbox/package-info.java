/**
 * The embedded default: an in-process Kubernetes API (fabric8's CRUD mock server behind a small
 * discovery front) plus a local Job runner that plays the Job controller and kubelet, so every
 * lifeboat command runs end to end on one machine with no cluster.
 */
package dev.lifeboat.sandbox;
