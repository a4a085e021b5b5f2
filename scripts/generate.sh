#!/usr/bin/env bash
# Regenerates the committed generated files: CRDs (deploy/crds), shell completion (completions/),
# man page sources (man/*.adoc, from the picocli model) and man pages (man/man1/*.1, asciidoctor).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
  -Dmdep.includeScope=test
java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" dev.lifeboat.docs.GeneratedFiles .
if ! command -v asciidoctor >/dev/null 2>&1; then
  echo "generate.sh: installing asciidoctor (apt-get) to render man pages" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq asciidoctor >/dev/null
fi
rm -rf man/man1 && mkdir -p man/man1
asciidoctor -b manpage -D man/man1 man/*.adoc
echo "man pages: $(ls man/man1 | wc -l) in man/man1"
