package dev.lifeboat.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What restic's summary line said about the finished backup, and what an application stream held. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupSummary extends UnknownFields {
  public Long filesNew;
  public Long filesChanged;
  public Long filesUnmodified;
  public Long totalFilesProcessed;
  public Long totalBytesProcessed;
  public Long dataAdded;
  public Double durationSeconds;
  /** How many files or folders restic could not read (the snapshot is incomplete without them). */
  public Long unreadable;
  /** The first of them, relative to the claim's root (a folder: none of its contents are in the snapshot). */
  public List<String> unreadablePaths;
  /** Application sources: the stream's file name in the snapshot (restic dump ID /FILE gives it back). */
  public String streamFile;
  /** PostgreSQL: how many tables pg_dump dumped. */
  public Long tables;
  /** OpenBao/Vault: the raft index of the snapshot (from its meta.json), when the stream is a raft archive. */
  public Long raftIndex;
}
