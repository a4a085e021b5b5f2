#!/bin/sh
# lifeboat in the container image: the jar with the class-data-sharing archive built into the image
# (cds-archive.sh: most of a start's class loading skipped, on every start, which each backup Job pays). Relocation mode 0
# maps the archive where it was built instead of relocating all of it on every start (see ./lifeboat).
# MaxRAMPercentage: the JVM's default heap is a quarter of the container's memory limit; lifeboat is
# the only JVM in its container, and the controller's caches need the room (bench/run.sh §2). But the
# heap is kept near what is live, so the process stays well inside the limit: a young generation of at
# most 48 MB, and the old one given back down to 30% free after a full collection (bench/run.sh §2:
# peak RSS at 10,000 Backups). Two malloc arenas: the JVM mallocs little, and glibc's
# default (8 per core) only spreads it over more pages.
export MALLOC_ARENA_MAX=2
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -XX:MaxNewSize=48m -XX:MinHeapFreeRatio=10 \
  -XX:MaxHeapFreeRatio=30 -Xshare:auto -Xlog:cds=off \
  -XX:SharedArchiveFile=/opt/lifeboat/lifeboat.jsa -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 \
  -jar /opt/lifeboat/lifeboat.jar "$@"
