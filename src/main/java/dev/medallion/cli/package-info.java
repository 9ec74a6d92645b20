/** The command line: {@code medallion demo | produce | run | sql | status}. */
package dev.medallion.cli;
