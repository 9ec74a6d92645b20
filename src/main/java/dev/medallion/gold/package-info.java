/**
 * Gold layer: SCD type 1/2 dimensions, fact tables maintained incrementally by MERGE (late data
 * accumulates, replays are skipped), event-time windows with a watermark and a late-data table,
 * and views for BI.
 */
package dev.medallion.gold;
