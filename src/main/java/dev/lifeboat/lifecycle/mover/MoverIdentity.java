package dev.lifeboat.lifecycle.mover;

import dev.lifeboat.api.MoverSecurityContext;
import java.util.List;

/**
 * Who the mover (the Job that reads a claim for a backup, or writes it for a restore) runs as. A volume's files belong
 * to the application that wrote them (PostgreSQL: uid 999, a 0700 folder of 0600 files), so a mover of another
 * identity reads nothing of them and gives nothing back to them. Chosen, in this order:
 * <pre>
 *   spec.moverSecurityContext given ─────────────────────────────▶ GIVEN (that identity; fsGroup only on a restore)
 *   spec.privilegedMover: true ── namespace opts in ──────────────▶ PRIVILEGED
 *                              └─ it does not ────────────────────▶ refused (nothing runs)
 *   privilegedMover unset and the namespace opts in ─────────────▶ PRIVILEGED
 *   a pod or workload that mounts the claim says its user ───────▶ APPLICATION (its user, group, groups and fsGroup as a
 *                                                                   group; a restore also sets its fsGroup)
 *   otherwise ───────────────────────────────────────────────────▶ DEFAULT (uid 65532; a restore sets fsGroup 65532)
 * </pre>
 * The privileged mover is root with only the capabilities its work needs: DAC_READ_SEARCH to read every file, and
 * CHOWN, FOWNER, DAC_OVERRIDE, FSETID to write files and give them their owners and modes back. A backup never sets
 * fsGroup: the kubelet would change the group of every file it reads. The namespace opts in with the annotation
 * {@value #PRIVILEGED_ANNOTATION}{@code : "true"} (as VolSync's {@code volsync.backube/privileged-movers}). Pure.
 *
 * @param capabilities added to a root mover's process (everything else dropped); empty for the others
 */
public record MoverIdentity(Kind kind, long uid, long gid, List<Long> groups, Long fsGroup, List<String> capabilities,
    String description) {
  public static final String PRIVILEGED_ANNOTATION = "lifeboat.dev/privileged-movers";
  /** lifeboat's own user, for Jobs that touch no claim and for a mover nothing else names. */
  public static final long DEFAULT_UID = 65532L;
  static final List<String> READ_CAPABILITIES = List.of("DAC_READ_SEARCH");
  static final List<String> WRITE_CAPABILITIES = List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID");

  public enum Kind { GIVEN, PRIVILEGED, APPLICATION, DEFAULT }

  /** What the mover does with the claim. */
  public enum Access { READ, WRITE }

  /** The identity, or why there is none (a privileged mover asked for where the namespace does not allow it). */
  public record Choice(MoverIdentity identity, String refusal) {}

  public boolean privileged() {
    return kind == Kind.PRIVILEGED;
  }

  public static Choice choose(MoverSecurityContext given, Boolean privilegedMover, String namespace,
      boolean namespaceAllowsPrivileged, ApplicationIdentity application, Access access) {
    boolean writes = access == Access.WRITE;
    if (given != null && given.runAsUser != null) {
      long gid = given.runAsGroup == null ? given.runAsUser : given.runAsGroup;
      Long fsGroup = writes ? given.fsGroup : null;
      return new Choice(new MoverIdentity(Kind.GIVEN, given.runAsUser, gid, groups(given.supplementalGroups), fsGroup,
          List.of(), "uid " + given.runAsUser + ", gid " + gid + groupWords(given.supplementalGroups)
              + (fsGroup == null ? "" : ", fsGroup " + fsGroup) + " (spec.moverSecurityContext)"), null);
    }
    if (Boolean.TRUE.equals(privilegedMover) && !namespaceAllowsPrivileged) {
      return new Choice(null, "a privileged mover (spec.privilegedMover) is not allowed in namespace " + namespace
          + ": an administrator allows it with kubectl annotate namespace " + namespace + " " + PRIVILEGED_ANNOTATION
          + "=true; or give the identity of the data's owner instead (--run-as UID[:GID], spec.moverSecurityContext)");
    }
    if (namespaceAllowsPrivileged && !Boolean.FALSE.equals(privilegedMover)) {
      List<String> caps = writes ? WRITE_CAPABILITIES : READ_CAPABILITIES;
      return new Choice(new MoverIdentity(Kind.PRIVILEGED, 0, 0, List.of(), null, caps, "privileged: root with only "
          + String.join(", ", caps) + (writes ? ", giving files back their owners and modes" : ", reading every file")
          + " (namespace " + namespace + " allows privileged movers)"), null);
    }
    if (application != null && application.uid() != null && application.uid() != 0) {
      long gid = application.gid() == null ? 0 : application.gid();
      Long fsGroup = writes ? application.fsGroup() : null;
      return new Choice(new MoverIdentity(Kind.APPLICATION, application.uid(), gid, groups(application.groups()),
          fsGroup, List.of(), "uid " + application.uid() + ", gid " + gid + groupWords(application.groups())
              + (fsGroup == null ? "" : ", fsGroup " + fsGroup) + ": as the pods of " + application.source()
              + " that mount the claim"), null);
    }
    String why = application == null ? "no pod or workload that mounts the claim says its user"
        : application.uid() == null ? application.source() + " runs as its image's user, which lifeboat cannot see"
        : application.source() + " runs as root, which only a privileged mover matches";
    Long fsGroup = writes ? DEFAULT_UID : null;
    return new Choice(new MoverIdentity(Kind.DEFAULT, DEFAULT_UID, DEFAULT_UID, List.of(), fsGroup, List.of(),
        "uid " + DEFAULT_UID + " (lifeboat's default: " + why + "; --run-as UID[:GID] names the data's owner)"), null);
  }

  private static List<Long> groups(List<Long> groups) {
    return groups == null ? List.of() : List.copyOf(groups);
  }

  private static String groupWords(List<Long> groups) {
    return groups == null || groups.isEmpty() ? "" : ", groups " + String.join(",", groups.stream().map(String::valueOf).toList());
  }
}
