package dev.lifeboat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The setup script of a container's file system: what it binds, hides and binds again, and where. */
class ContainerRootTest {
  private static final ContainerIdentity USER = new ContainerIdentity(65532, 65532, List.of(), Set.of(), true, true, null);

  @TempDir
  Path tmp;

  @Test
  void anEmptyDirAtTmpDoesNotHideTheSandboxAgainButAHostFolderThatHoldsItDoes() throws Exception {
    Path sandbox = Files.createDirectories(tmp.resolve("sandbox"));
    Path scratch = tmp.resolve("scratch");
    ContainerRoot.Mount tmpVolume = new ContainerRoot.Mount("/tmp", sandbox.resolve("pods/p/volumes/tmp"), false, false);
    String plain = script(sandbox, scratch, List.of(tmpVolume), List.of());
    assertEquals(1, count(plain, "lifeboat-hidden"), "hidden once, before the volumes: " + plain);

    ContainerRoot.Mount shared = new ContainerRoot.Mount(tmp.toString(), tmp, false, false);
    ContainerRoot.Mount repository = new ContainerRoot.Mount(sandbox.resolve("repo").toString(), sandbox.resolve("repo"),
        false, false);
    String again = script(sandbox, scratch, List.of(tmpVolume, shared, repository), List.of());
    assertEquals(2, count(again, "lifeboat-hidden"), "the shared folder showed the sandbox's again: " + again);
    assertTrue(again.lastIndexOf("mount --bind '" + sandbox.resolve("repo")) > again.lastIndexOf("lifeboat-hidden"),
        "the repository inside it is bound again on top: " + again);
  }

  @Test
  void theProgramIsBoundAgainWhereAVolumeCoversIt() throws Exception {
    Path classes = Files.createDirectories(tmp.resolve("checkout/target/classes"));
    Path sandbox = Files.createDirectories(tmp.resolve("sandbox"));
    ContainerRoot.Mount volume = new ContainerRoot.Mount(tmp.toString(), sandbox.resolve("v"), false, false);
    assertEquals(List.of(classes), ContainerRoot.shadowed(List.of(classes, classes.resolve("dev")), List.of(volume)));
    assertEquals(List.of(), ContainerRoot.shadowed(List.of(classes), List.of(new ContainerRoot.Mount(tmp.toString(), tmp,
        false, false))), "a host folder bound at its own path already shows it");
    String script = script(sandbox, tmp.resolve("scratch"), List.of(volume), List.of(classes));
    assertTrue(script.contains("mount --bind '" + classes + "' \"$C\"'" + classes + "'; mount -o remount,bind,ro"), script);
  }

  @Test
  void pathsAreResolvedAsTheContainerResolvesThemNeverOutOfItsRoot() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("run"));
    Path link = Files.createSymbolicLink(tmp.resolve("var-run"), real);
    assertEquals(real.resolve("secrets/x"), ContainerRoot.inImage(link.resolve("secrets/x").toString()));
    assertFalse(ContainerRoot.quote("it's").contains("it's"), "a quote closes, is escaped, and reopens");
    assertEquals("'it'\\''s'", ContainerRoot.quote("it's"));
  }

  private static String script(Path sandbox, Path scratch, List<ContainerRoot.Mount> mounts, List<Path> program) {
    List<String> command = ContainerRoot.command(scratch, sandbox, mounts, program, USER, null, "pod-1", List.of("true"));
    return command.get(8);
  }

  private static int count(String text, String word) {
    return text.split(java.util.regex.Pattern.quote(word), -1).length - 1;
  }
}
