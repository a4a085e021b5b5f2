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
# AppCDS: a training run (a client command against a closed port loads the CLI and the API client).
RUN printf 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:1\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user:\n    token: t\n' > /tmp/training.kubeconfig \
 && (java -XX:ArchiveClassesAtExit=/opt/lifeboat/lifeboat.jsa -jar /opt/lifeboat/lifeboat.jar \
      --kubeconfig /tmp/training.kubeconfig get backups || true) \
 && test -f /opt/lifeboat/lifeboat.jsa && rm /tmp/training.kubeconfig
ENV HOME=/tmp LANG=C.UTF-8 RESTIC_CACHE_DIR=/cache
USER 65532:65532
VOLUME ["/tmp", "/cache"]
ENTRYPOINT ["lifeboat"]
