#!/usr/bin/env python3
# The mutation audit of issue 19: one-line changes that break an invariant, each with the test class that must
# notice. Applies each, runs that class, restores the file, prints "caught" or "NOT CAUGHT".
# Usage: python3 scripts/mutation-audit.py [M1 M2 ...]   (from the repository root; ~1 minute per mutation)
import subprocess, sys
B='src/main/java/dev/lifeboat/'
M=[
 ('M1 forget finalizer off with the Job', B+'lifecycle/backup/BackupForget.java',
  '    actions.add(new Action.CreateJob(JobPurpose.FORGET, jobName(repository, batch)));\n',
  '    actions.add(new Action.CreateJob(JobPurpose.FORGET, jobName(repository, batch)));\n    actions.add(new Action.Finalizer(Labels.FORGET_FINALIZER, false));\n', 'BackupForgetTest'),
 ('M2 failed forget lets go', B+'lifecycle/backup/BackupForget.java',
  '          actions.add(new Action.DeleteJob(job.job().name()));\n          return new Outcome(actions, WAIT, List.of());',
  '          return done(actions);', 'BackupForgetTest'),
 ('M3 lock released when the Job succeeds', B+'lifecycle/restore/RestoreLifecycle.java',
  '    c.moveTo(RestorePhase.Starting, c.o.workloads().isEmpty()',
  '    c.ensureReleased();\n    c.moveTo(RestorePhase.Starting, c.o.workloads().isEmpty()', 'RestoreLifecycleTest'),
 ('M4 commit before shutdown', B+'hibernate/HibernateActions.java',
  '      executor.shutdown(writer, live, ns, t);\n      HibernateData.commit(writer, live, plan, t.name);',
  '      HibernateData.commit(writer, live, plan, t.name);\n      executor.shutdown(writer, live, ns, t);', 'HibernateActionsIT'),
 ('M5 Sunday-start weeks', B+'lifecycle/schedule/RetentionPlanner.java',
  't.get(IsoFields.WEEK_BASED_YEAR) * 100L + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)',
  't.get(java.time.temporal.WeekFields.SUNDAY_START.weekBasedYear()) * 100L + t.get(java.time.temporal.WeekFields.SUNDAY_START.weekOfWeekBasedYear())', 'RetentionPlannerTest'),
 ('M6 no fail-fast on a missing pack', B+'manager/Restic.java',
  'String missing = fatal[0] == null ? missingData(line) : null;', 'String missing = null;', 'ResticFailFastTest'),
 ('M7 SnapshotMissing never written', B+'engine/ActionApplier.java',
  '        markSnapshot(mark);\n', '        // markSnapshot(mark);\n', 'SnapshotMissingMarkIT'),
 ('M8 claim users ignored', B+'lifecycle/restore/ClaimUsers.java',
  '    if (force) {\n      return null;', '    if (true) {\n      return null;', 'RestoreLifecycleTest,ClaimUsersTest'),
 ('M9 imported snapshot of another namespace forgotten', B+'lifecycle/backup/BackupForget.java',
  '    if (!owner.equals(backup.getMetadata().getNamespace())) {', '    if (false) {', 'BackupForgetTest'),
 ('M10 shared URL deleted', B+'lifecycle/repository/RepositoryDeletion.java',
  '    if (job == null && !sharingUrl.isEmpty()) {', '    if (false) {', 'RepositoryDeletionTest'),
 ('M11 plan acts at once inside its window', B+'lifecycle/hibernate/HibernateLifecycle.java',
  'if (asleep && window != null && armed != null && window.from().isBefore(armed)) {', 'if (false) {', 'HibernateLifecycleTest'),
]
only=sys.argv[1:] 
for name,f,old,new,tests in M:
    if only and name.split()[0] not in only: continue
    s=open(f).read()
    if old not in s:
        print(name,': PATTERN NOT FOUND'); continue
    open(f,'w').write(s.replace(old,new,1))
    r=subprocess.run(['mvn','-q','-B','-o','test','-Dtest='+tests,'-Dsurefire.failIfNoSpecifiedTests=false'],capture_output=True,text=True)
    open(f,'w').write(s)
    out=r.stdout+r.stderr
    failed = r.returncode!=0 and ('FAILURE' in out or 'Tests run' in out) and 'COMPILATION ERROR' not in out
    print(name, '-> caught' if failed else ('-> COMPILE ERROR' if 'COMPILATION ERROR' in out else '-> NOT CAUGHT'), flush=True)
