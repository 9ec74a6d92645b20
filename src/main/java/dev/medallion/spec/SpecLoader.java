package dev.medallion.spec;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a pipeline spec from YAML into a validated {@link PipelineSpec}. Every error of a file is
 * reported at once, each as {@code FILE:LINE YAML.PATH: what is wrong (what to write instead)}; the
 * keys and their defaults are listed in {@code docs/spec.md}.
 */
public final class SpecLoader {
  /** The class path resource of the built-in seed pipeline. */
  public static final String DEFAULT_SPEC_RESOURCE = "/specs/seed.yaml";

  private SpecLoader() {}

  /**
   * Loads and validates the spec in {@code file}; messages name the file as given.
   *
   * @param sql checks the spec's SQL fragments (expressions, types, view queries)
   * @throws MedallionException with {@link ErrorCode#SPEC_INVALID} when the file cannot be read or
   *     the spec is invalid; the message lists every error, one per line, sorted by line
   */
  public static PipelineSpec load(Path file, SqlChecker sql) {
    if (Files.isDirectory(file)) {
      throw SpecErrors.unreadable(file, "it is a folder", null);
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw SpecErrors.unreadable(file, "no such file", e);
    } catch (AccessDeniedException e) {
      throw SpecErrors.unreadable(file, "permission denied", e);
    } catch (CharacterCodingException e) {
      throw SpecErrors.unreadable(file, "it is not UTF-8 text", e);
    } catch (IOException e) {
      throw SpecErrors.unreadable(file, String.valueOf(e.getMessage()), e);
    }
    return parse(text, file.toString(), sql);
  }

  /**
   * Loads the built-in seed pipeline ({@value #DEFAULT_SPEC_RESOURCE} on the class path).
   *
   * @throws MedallionException with {@link ErrorCode#SPEC_INVALID} when the resource is missing or
   *     does not validate
   */
  public static PipelineSpec loadDefault(SqlChecker sql) {
    try (InputStream in = SpecLoader.class.getResourceAsStream(DEFAULT_SPEC_RESOURCE)) {
      if (in == null) {
        throw SpecErrors.defaultMissing(DEFAULT_SPEC_RESOURCE);
      }
      return parse(new String(in.readAllBytes(), UTF_8), DEFAULT_SPEC_RESOURCE.substring(1), sql);
    } catch (IOException e) {
      throw SpecErrors.unreadable(Path.of(DEFAULT_SPEC_RESOURCE.substring(1)), e.getMessage(), e);
    }
  }

  /**
   * Parses and validates a spec given as text.
   *
   * @param origin the file name shown in messages ({@code pipeline.yaml})
   * @throws MedallionException with {@link ErrorCode#SPEC_INVALID} listing every error
   */
  public static PipelineSpec parse(String yaml, String origin, SqlChecker sql) {
    SpecErrors errors = new SpecErrors(origin);
    Node document = compose(yaml, errors);
    errors.throwIfAny();
    Optional<YamlMapping> root = YamlMapping.root(document, errors);
    errors.throwIfAny();
    PipelineSpec spec = read(root.orElseThrow(), new SqlFragments(errors, sql));
    errors.throwIfAny();
    return spec;
  }

  private static Node compose(String yaml, SpecErrors errors) {
    try {
      return new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
      String context = e.getContext() == null ? "" : e.getContext() + ": ";
      String problem = (context + e.getProblem()).replaceAll("\\s+", " ").strip();
      String hint =
          problem.contains("alias")
              ? "a value starting with * is read as a YAML alias: quote it, e.g. count: \"*\""
              : "check the indentation, and quote values containing ': ', ' #', '*', '&' or '!'";
      errors.add(line, "", "invalid YAML: " + problem + " (" + hint + ")");
    } catch (YAMLException e) {
      errors.add(1, "", "invalid YAML: " + e.getMessage());
    }
    return null;
  }

  private static PipelineSpec read(YamlMapping root, SqlFragments sql) {
    SpecErrors errors = sql.errors();
    Optional<String> name = root.requiredString("pipeline", "my-pipeline");
    StorageSpec storage =
        root.mapping("storage").map(SpecLoader::readStorage).orElse(StorageSpec.underHome());

    List<YamlMapping> sourceMappings =
        root.requiredMappings("sources", "{events: {topic: events.raw.v1}}");
    Map<String, SourceSpec> sources = new SourceSpecReader(errors).read(sourceMappings);
    List<YamlMapping> bronzeMappings =
        root.requiredMappings("bronze", "{events: {source: events}}");
    Map<String, BronzeTableSpec> bronze =
        new BronzeSpecReader(sql).read(bronzeMappings, names(sourceMappings));
    // silver must be written, but may be {}: a pipeline that only lands raw data
    List<YamlMapping> silverMappings =
        root.has("silver")
            ? root.mappings("silver")
            : root.requiredMappings(
                "silver", "{events: {from: bronze.events, schema: {event_id: {type: string}}}}");
    SilverSpecReader.Result silver =
        new SilverSpecReader(sql).read(silverMappings, names(bronzeMappings));
    GoldSpec gold = new GoldSpecReader(sql).read(root.mapping("gold"), silver.columns());
    root.rejectUnknownKeys();
    if (name.isEmpty() || sql.errors().count() > 0) {
      return null;
    }
    return new PipelineSpec(name.get(), storage, sources, bronze, silver.tables(), gold);
  }

  private static StorageSpec readStorage(YamlMapping storage) {
    Optional<String> tables = storage.string("tables");
    Optional<String> checkpoints = storage.string("checkpoints");
    storage.rejectUnknownKeys();
    return new StorageSpec(tables, checkpoints);
  }

  private static List<String> names(List<YamlMapping> entries) {
    return entries.stream().map(YamlMapping::name).toList();
  }
}
