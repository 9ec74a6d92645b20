/**
 * Silver layer: bronze payloads parsed with a declared schema, standardized, checked by quality
 * rules (failures to quarantine with every reason), deduplicated on the business key against the
 * silver table itself, so a duplicate is caught however late it arrives.
 */
package dev.medallion.silver;
