/**
 * Flows: one streaming query per source that carries each micro-batch from Kafka through bronze,
 * silver and gold, each layer writing its own tables idempotently under the batch's identity.
 */
package dev.medallion.flow;
