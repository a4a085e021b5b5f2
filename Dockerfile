# The lifeboat image: the CLI, the controller (lifeboat reconcile --watch) and the Jobs' entrypoint
# (lifeboat backup-manager ...). JRE 17, restic, PostgreSQL's client tools (pg_dump, pg_restore, psql),
# util-linux's setpriv (restic dies with the manager), the jar, and an AppCDS archive trained at build.
# Runs as the non-root user 65532 with a read-only root file system: /tmp and /cache are volumes
# (emptyDirs in every Job lifeboat makes). No image is built on the project's build machines (no
# Docker engine there); docs/image.md says how to build it.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
RUN mvn -B -q -ntp dependency:go-offline
COPY src ./src
RUN mvn -B -q -ntp -DskipTests package

FROM eclipse-temurin:17-jre
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      restic postgresql-client util-linux ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/lifeboat.jar /opt/lifeboat/lifeboat.jar
COPY --from=build /src/target/lib /opt/lifeboat/lib
COPY packaging/lifeboat-image.sh /usr/local/bin/lifeboat
COPY packaging/cds-archive.sh /usr/local/lib/lifeboat/cds-archive.sh
# AppCDS: the archive of the classes a start loads, made by training runs at build time (see the script).
RUN /usr/local/lib/lifeboat/cds-archive.sh /opt/lifeboat/lifeboat.jar /opt/lifeboat/lifeboat.jsa
ENV HOME=/tmp LANG=C.UTF-8 RESTIC_CACHE_DIR=/cache
USER 65532:65532
VOLUME ["/tmp", "/cache"]
ENTRYPOINT ["lifeboat"]
