/** Quality: rules, quarantine, gates between layers. */
package dev.medallion.quality;
