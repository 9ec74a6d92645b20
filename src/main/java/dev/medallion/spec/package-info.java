/**
 * The pipeline model: a spec file parsed from YAML into validated records. Free of Spark and
 * Kafka, so a spec is checked in milliseconds before anything starts.
 */
package dev.medallion.spec;
