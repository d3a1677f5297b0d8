package dev.dbrestore.pipelines.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dbrestore.pipelines.RunnerConfig;
import dev.dbrestore.pipelines.precheck.PreCheck;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code dbrestore precheck}: every pre-check item of a restore task, nothing written. */
@Command(
    name = "precheck",
    mixinStandardHelpOptions = true,
    description = {
      "Runs every pre-check item of a restore task and prints item, result, cause and remedy."
          + " Writes nothing. Exit 0 when no item failed, 1 otherwise.",
      "Items: 1 target reachable, 2 same kind of database, 3 target version, 4 privileges,"
          + " 5 same-name objects, 6 existing rows, 7 mapping with views or routines,"
          + " 8 backup set complete, 9 character sets and collations, 10 max_allowed_packet,"
          + " 11 lower_case_table_names, 12 target writable, 13 tables without primary key,"
          + " 14 definers and foreign keys, 15 data-only target tables, 16 identifiers (also: no"
          + " system schema; the journal schema is none of the server's own and no database the"
          + " task restores into), 17 statements in the backup set, 18 signature, 19 private"
          + " files, 20 events, 21 object selection (it matches something; what each view reads"
          + " or calls is restored or in the target; no views read each other in a cycle);"
          + " for a restore to a point in time: 22 point in time inside the window, 23 no gap in"
          + " the log, 24 log segments complete, 25 source keeps a change log, 26 restored"
          + " tables new or empty, 27 structure statements in the log.",
      "Results: pass; notice: how the restore runs, printed and recorded, never blocks, needs"
          + " no accepting (14 definers become the restoring account, foreign keys not enforced"
          + " while rows load; 18 the set is unsigned, or signed and no key given; 20 enabled"
          + " events restored while the target's event_scheduler is off); warning: what depends"
          + " on this target and task, blocks restore unless accepted with --accept-warnings or"
          + " acceptWarnings (5 same-name objects kept, 6 rows already in the target kept or"
          + " replaced, 10 a row may not fit max_allowed_packet once escaped, 11 names stored in"
          + " lower case, 13 tables without primary key under ignore or overwrite, 14 a foreign"
          + " key to a table the task does not restore, 19 private files others may read, 20"
          + " enabled events with event_scheduler ON); failure: blocks restore.",
      "A task flag given with --task overrides that field of the task file. Example: dbrestore"
          + " precheck --task shop.yaml --user restorer --password-env DB2_PASSWORD --json"
    })
public final class PrecheckCommand implements Callable<Integer> {
  @Mixin TaskOptions task;

  @Option(names = "--json", description = "Print the items as JSON.")
  boolean json;

  @Mixin CommonOptions common;

  @Unmatched List<String> pipelineOptions = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Logging.configure(common.verbose);
    RestoreOptions options =
        RunnerConfig.options(RestoreOptions.class, common.runnerConfig, pipelineOptions);
    PreCheck.Report report = RestoreJob.precheck(options, task.task(), task.settings(false));
    if (!json) {
      RestoreCommand.printOverridden(task.overriddenFields(), "the task file");
    }
    if (json) {
      System.out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(report.items()));
    } else {
      Summaries.printPrecheck(System.out, report);
    }
    return report.failed() ? 1 : 0;
  }
}
