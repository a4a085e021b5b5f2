#!/bin/sh
# lifeboat in the container image: the jar with the class-data-sharing archive built into the image
# (cds-archive.sh: most of a start's class loading skipped, on every start, which each backup Job pays). Relocation mode 0
# maps the archive where it was built instead of relocating all of it on every start (see ./lifeboat).
# MaxRAMPercentage: the JVM's default heap is a quarter of the container's memory limit; lifeboat is
# the only JVM in its container, and the controller's caches need the room (bench/run.sh §2).
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off \
  -XX:SharedArchiveFile=/opt/lifeboat/lifeboat.jsa -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 \
  -jar /opt/lifeboat/lifeboat.jar "$@"
