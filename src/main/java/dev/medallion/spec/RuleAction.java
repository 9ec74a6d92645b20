package dev.medallion.spec;

/** What happens to a record that breaks a quality rule. */
public enum RuleAction {
  /** The record goes to the quarantine table with every reason it failed; the stream goes on. */
  QUARANTINE,
  /** The stream stops with an error naming the rule and the record. */
  FAIL
}
