package dev.medallion.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.spec.PipelineSpec;
import dev.medallion.spec.SpecFixtures;
import dev.medallion.spec.SpecLoader;
import org.junit.jupiter.api.Test;

class SparkSqlCheckerTest {
  private final SparkSqlChecker checker = new SparkSqlChecker();

  @Test
  void referencedColumnsAreTheTopLevelNamesLowerCased() {
    assertThat(checker.referencedColumns("upper(event_type)")).containsExactly("event_type");
    assertThat(checker.referencedColumns("properties['amount']")).containsExactly("properties");
    assertThat(checker.referencedColumns("CAST(event_time AS DATE)")).containsExactly("event_time");
    assertThat(checker.referencedColumns("Payload.Customer.id = CUSTOMER_ID"))
        .containsExactly("payload", "customer_id");
    assertThat(checker.referencedColumns("customer_tier IN ('BRONZE', 'GOLD') AND 1 = 1"))
        .containsExactly("customer_tier");
  }

  @Test
  void lambdaArgumentsAreNotColumns() {
    assertThat(checker.referencedColumns("transform(items, x -> x.price * rate)"))
        .containsExactly("items", "rate");
  }

  @Test
  void badExpressionGivesAOneLineMessage() {
    assertThatThrownBy(() -> checker.referencedColumns("upper(event_type"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Syntax error at or near end of input: missing ')' (line 1, pos 16)");
  }

  @Test
  void aliasesStarsAndSubqueriesAreRejected() {
    assertThatThrownBy(() -> checker.referencedColumns("upper(event_type) AS kind"))
        .hasMessage("an alias (AS name) is not allowed here: the spec key names the column");
    assertThatThrownBy(() -> checker.referencedColumns("*"))
        .hasMessage("* is not allowed here: name the columns");
    assertThatThrownBy(() -> checker.referencedColumns("amount > (SELECT max(amount) FROM t)"))
        .hasMessage("a subquery is not allowed here");
  }

  @Test
  void typesInDdlForm() {
    assertThatCode(() -> checker.checkType("map<string,string>")).doesNotThrowAnyException();
    assertThatCode(() -> checker.checkType("decimal(18,2)")).doesNotThrowAnyException();
    assertThatThrownBy(() -> checker.checkType("strng"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unsupported data type \"STRNG\" (line 1, pos 0)");
    assertThatThrownBy(() -> checker.checkType("map<string>"))
        .hasMessage("Syntax error at or near '<' (line 1, pos 3)");
  }

  @Test
  void onlyQueriesAreViews() {
    assertThatCode(() -> checker.checkQuery("SELECT a FROM gold.x JOIN gold.y USING (a)"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> checker.checkQuery("DROP TABLE gold.x"))
        .hasMessage("Syntax error at or near 'DROP' (line 1, pos 0)");
  }

  @Test
  void theSpecFixturesPassTheRealParser() {
    PipelineSpec seed = SpecLoader.loadDefault(checker);
    PipelineSpec full = SpecLoader.parse(SpecFixtures.EVERY_KEY, "full.yaml", checker);

    assertThat(seed.silver()).containsKeys("events", "customers");
    assertThat(full.gold().facts()).containsKey("fact_events");
  }
}
