package dev.dbrestore.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.pipelines.precheck.Check;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

class PrecheckCommandTest {
  @Test
  void theHelpNamesEveryPreCheckItem_byItsNumberAndName() {
    String help =
        String.join(" ", PrecheckCommand.class.getAnnotation(Command.class).description());
    for (Check item : Check.values()) {
      String named = item.number() + " " + item.title();
      assertTrue(help.contains(named), "precheck --help should name item " + named);
    }
  }
}
