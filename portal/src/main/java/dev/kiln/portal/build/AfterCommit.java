package dev.kiln.portal.build;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs what must not happen before the transaction's writes are visible (or at all, on rollback).
 */
final class AfterCommit {

  private AfterCommit() {}

  /** Runs {@code action} once the current transaction commits; at once outside a transaction. */
  static void run(Runnable action) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      action.run();
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            action.run();
          }
        });
  }
}
