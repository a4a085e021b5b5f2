package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What restic's summary line said about the finished backup. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupSummary {
  public Long filesNew;
  public Long filesChanged;
  public Long filesUnmodified;
  public Long totalFilesProcessed;
  public Long totalBytesProcessed;
  public Long dataAdded;
  public Double durationSeconds;
}
