# Sourced by the Java benches: builds target/ once (test classes and their classpath) and sets CP.
if [ ! -f target/test-classpath.txt ]; then
  mvn -q -B -DskipTests package test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
    -Dmdep.includeScope=test
fi
CP="target/classes:target/test-classes:$(cat target/test-classpath.txt)"
