/**
 * Hibernation's side effects: the target executors (one per target type, behind
 * {@link dev.lifeboat.hibernate.TargetExecutor}) and the restore data store
 * ({@link dev.lifeboat.hibernate.HibernateData}). Decisions are made in
 * {@code lifecycle/hibernate}; this package only reads and writes.
 */
package dev.lifeboat.hibernate;
