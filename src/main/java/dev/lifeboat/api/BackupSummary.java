package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What restic's summary line said about the finished backup, and what an application stream held. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupSummary {
  public Long filesNew;
  public Long filesChanged;
  public Long filesUnmodified;
  public Long totalFilesProcessed;
  public Long totalBytesProcessed;
  public Long dataAdded;
  public Double durationSeconds;
  /** Application sources: the stream's file name in the snapshot (restic dump ID /FILE gives it back). */
  public String streamFile;
  /** PostgreSQL: how many tables pg_dump dumped. */
  public Long tables;
  /** OpenBao/Vault: the raft index of the snapshot (from its meta.json), when the stream is a raft archive. */
  public Long raftIndex;
}
