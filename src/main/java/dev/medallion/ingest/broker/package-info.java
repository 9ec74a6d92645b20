/**
 * ingest: the log; embedded Kafka broker for the local default.
 *
 * <p>{@link dev.medallion.ingest.broker.EmbeddedKafka} runs a single-node KRaft broker inside the
 * Medallion process, with all its state under one folder, so a local run needs no Kafka install.
 * {@link dev.medallion.ingest.broker.KafkaTopics}, {@link
 * dev.medallion.ingest.broker.KafkaReachability} and {@link
 * dev.medallion.ingest.broker.RecordPublisher} work against any broker, embedded or not, and turn
 * every Kafka failure into a {@link dev.medallion.spec.MedallionException} that names the address
 * tried and says what to do.
 */
package dev.medallion.ingest.broker;
