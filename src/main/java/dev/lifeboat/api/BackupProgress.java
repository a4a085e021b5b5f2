package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Progress reported by the backup Job while it runs (restic's status lines). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupProgress extends UnknownFields {
  public Double percentDone;
  public Long bytesDone;
  public Long totalBytes;
  public Long filesDone;
  public Long totalFiles;
  public Long secondsElapsed;
}
