package dev.lifeboat.manager.sources;

import dev.lifeboat.api.CommandSource;
import java.util.Map;

/** Any program: its stdout is the backup; a restore feeds the snapshot to restoreCommand's stdin. */
public final class CommandStreams {
  private CommandStreams() {}

  public static Producer producer(CommandSource source) throws Producer.StartException {
    return ProcessStream.start(source.command.get(0), source.command, Map.of());
  }

  public static Consumer consumer(CommandSource source) throws Producer.StartException {
    if (source.restoreCommand == null || source.restoreCommand.isEmpty()) {
      throw new Producer.StartException("the source has no restoreCommand: nothing can read the snapshot back");
    }
    return ProcessStream.startConsumer(source.restoreCommand.get(0), source.restoreCommand, Map.of());
  }
}
