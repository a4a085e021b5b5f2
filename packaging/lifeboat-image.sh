#!/bin/sh
# lifeboat in the container image: the jar with the class-data-sharing archive built into the image
# (AppCDS: ~0.3 s less class loading on every start, which each backup Job pays). Relocation mode 0
# maps the archive where it was built instead of relocating all of it on every start (see ./lifeboat).
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off \
  -XX:SharedArchiveFile=/opt/lifeboat/lifeboat.jsa -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 \
  -jar /opt/lifeboat/lifeboat.jar "$@"
