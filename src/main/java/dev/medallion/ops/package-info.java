/**
 * Operations beside the layers: the home folder and table locations, the Spark session, the
 * catalog of tables by spec name, exactly-once writes, batch metrics, and the runner that starts
 * the layers' streams.
 */
package dev.medallion.ops;
