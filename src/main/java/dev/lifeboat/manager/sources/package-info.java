/**
 * Application sources for the in-Job manager: each turns a backup into a byte stream that restic
 * reads on stdin ({@link dev.lifeboat.manager.sources.Producer}) and a restore into a program or
 * request that reads {@code restic dump}'s stream ({@link dev.lifeboat.manager.sources.Consumer}).
 * No copy of the stream ever lands on disk.
 */
package dev.lifeboat.manager.sources;
