package dev.medallion.spec;

import static dev.medallion.spec.SpecFixtures.BASE;
import static dev.medallion.spec.SpecFixtures.assertSpecErrors;
import static dev.medallion.spec.SpecFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a spec that cannot be loaded is reported: file, line, YAML path and what to write instead. */
class SpecErrorsTest {
  private static final SqlChecker SQL = new FakeSqlChecker();

  @Test
  void loadsAFileAndNamesItInMessages(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("pipeline.yaml");
    Files.writeString(file, BASE);
    assertThat(SpecLoader.load(file, SQL).name()).isEqualTo("test");

    Files.writeString(file, BASE.replace("topic: events.raw.v1", "topik: events.raw.v1"));
    assertThatThrownBy(() -> SpecLoader.load(file, SQL))
        .hasMessageStartingWith(file + ":3 sources.events: missing key 'topic'");
  }

  @Test
  void unknownKeySuggestsTheClosestKey() {
    assertSpecErrors(
        """
        pipeline: test
        sources:
          events:
            topic: events.raw.v1
            max-ofsets-per-trigger: 10
        bronze:
          events: {source: events}
        silver: {}
        """,
        "pipeline.yaml:5 sources.events.max-ofsets-per-trigger: unknown key (did you mean"
            + " 'max-offsets-per-trigger'? keys here: topic, bootstrap, properties,"
            + " starting-offsets, max-offsets-per-trigger, partitions, format)");
  }

  @Test
  void badDurationSaysWhatADurationLooksLike() {
    assertSpecErrors(
        BASE.replace("{source: events}", "{source: events, trigger: fast}"),
        "pipeline.yaml:5 bronze.events.trigger: expected a duration such as 500ms, 10s, 5m,"
            + " 30d, found 'fast'");
  }

  @Test
  void missingKeyShowsAnExample() {
    assertSpecErrors(
        BASE.replace("{topic: events.raw.v1}", "{partitions: 2}"),
        "pipeline.yaml:3 sources.events: missing key 'topic' (add e.g. topic: events.raw.v1)");
  }

  @Test
  void yamlSyntaxErrorReportsItsLine() {
    assertSpecErrors(
        """
        pipeline: test
        sources:
          events:
            topic: events.raw.v1
           partitions: 2
        """,
        "pipeline.yaml:5: invalid YAML: while parsing a block mapping: expected <block end>, but"
            + " found '<block mapping start>' (check the indentation, and quote values"
            + " containing ': ', ' #', '*', '&' or '!')");
  }

  @Test
  void unquotedStarIsExplained() {
    assertSpecErrors(
        BASE
            + """
              gold:
                windows:
                  activity_5m: {from: silver.events, time: event_time, size: 5m, watermark: 1m,
                    measures: {event_count: {count: *}}}
              """,
        "pipeline.yaml:16: invalid YAML: while scanning an alias: unexpected character found }(125)"
            + " (a value starting with * is read as a YAML alias: quote it, e.g. count: \"*\")");
  }

  @Test
  void severalErrorsAreReportedTogetherSortedByLine() {
    assertSpecErrors(
        """
        pipeline: test
        sinks: {}
        sources:
          events: {topic: events.raw.v1, partitions: many}
        bronze:
          events: {source: events, trigger: fast}
        silver:
          events:
            from: bronze.event
            schema:
              event_id: {type: strng}
              event_id: {type: string}
        """,
        "pipeline.yaml:2 sinks: unknown key (keys here: pipeline, storage, sources, bronze,"
            + " silver, gold)",
        "pipeline.yaml:4 sources.events.partitions: expected a whole number greater than 0 such"
            + " as 1000000, found 'many'",
        "pipeline.yaml:6 bronze.events.trigger: expected a duration such as 500ms, 10s, 5m, 30d,"
            + " found 'fast'",
        "pipeline.yaml:9 silver.events.from: unknown bronze table 'bronze.event' (did you mean"
            + " 'bronze.events'? bronze tables: bronze.events)",
        "pipeline.yaml:11 silver.events.schema.event_id.type: not a Spark SQL type: Unsupported"
            + " data type \"STRNG\" (write e.g. string, bigint, double, timestamp, decimal(18,2),"
            + " map<string,string>)",
        "pipeline.yaml:12 silver.events.schema.event_id: duplicate key (first written at line 11;"
            + " keep one)");
  }

  @Test
  void emptySpecSaysHowToStart() {
    assertSpecErrors(
        "# nothing yet\n", "pipeline.yaml:1: the spec is empty (start with pipeline: NAME)");
  }

  @Test
  void missingFileSaysWhatToPass(@TempDir Path folder) {
    Path file = folder.resolve("missing.yaml");
    assertThatThrownBy(() -> SpecLoader.load(file, SQL))
        .isInstanceOf(MedallionException.class)
        .hasMessage(
            "cannot read spec file "
                + file
                + ": no such file. Pass --spec FILE with an existing YAML file, or leave --spec"
                + " out to run the built-in seed pipeline.")
        .extracting(e -> ((MedallionException) e).code())
        .isEqualTo(ErrorCode.SPEC_INVALID);
  }

  @Test
  void silverTriggerIsRejectedInFavourOfTheBronzeTrigger() {
    assertSpecErrors(
        BASE + "    trigger: 2s\n",
        "pipeline.yaml:13 silver.events.trigger: silver and gold run in their source's"
            + " micro-batch (set trigger on bronze.events instead)");
  }

  @Test
  void aRetiredKeyIsNotOfferedAmongTheValidOnes() {
    assertThatThrownBy(() -> parse(BASE + "    trigger: 2s\n    dedupe: {keys: [event_id]}\n"))
        .hasMessageContaining("silver.events.trigger: silver and gold run in their source's")
        .hasMessageContaining("silver.events.dedupe: unknown key")
        .satisfies(e -> assertThat(e.getMessage().lines().filter(l -> l.contains("unknown key")).findFirst().orElseThrow())
            .doesNotContain("trigger"));
  }

  @Test
  void goldTriggerIsRejectedInFavourOfTheBronzeTriggers() {
    assertSpecErrors(
        BASE + "gold:\n  trigger: 5s\n",
        "pipeline.yaml:14 gold.trigger: silver and gold run in their source's micro-batch (set"
            + " trigger on the bronze tables instead)");
  }
}
