package io.zeroprint.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeroprint.contract.ContractDiff.Direction;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The breaking-change check on small document pairs: removals and narrowings fail, additions pass. */
class ContractDiffTest {
  private static final String API = """
      openapi: 3.1.0
      info: {title: t, version: "1"}
      paths:
        /v1/jobs/{id}:
          get:
            operationId: getJob
            description: A job.
            parameters:
              - {name: id, in: path, required: true, schema: {type: string}}
              - {name: wait, in: query, schema: {type: integer, minimum: 0, maximum: 30}}
            requestBody:
              content:
                application/json:
                  schema:
                    type: object
                    required: [a]
                    properties:
                      a: {type: string}
                      b: {type: string}
            responses:
              '200':
                description: The job.
                headers:
                  Zeroprint-Request-Id: {schema: {type: string}}
                content:
                  application/json:
                    schema:
                      type: object
                      required: [state]
                      properties:
                        state: {type: string, enum: [queued, done]}
                        seq: {type: integer}
              '404': {description: No such job.}
      """;

  private static List<String> breaks(String before, String after) {
    return breaks(before, after, EnumSet.allOf(Direction.class));
  }

  private static List<String> breaks(String before, String after, Set<Direction> directions) {
    return ContractDiff.breakingChanges(ContractSchemas.parseYaml(before), ContractSchemas.parseYaml(after),
        directions);
  }

  private static void assertBreaks(String after, String expected) {
    List<String> found = breaks(API, after);
    assertTrue(found.stream().anyMatch(b -> b.contains(expected)), () -> "expected " + expected + " in " + found);
  }

  private static void assertPasses(String after) {
    assertEquals(List.of(), breaks(API, after));
  }

  @Test
  void anUnchangedDocumentPasses() {
    assertPasses(API);
  }

  @Test
  void aRemovedPathBreaks() {
    assertBreaks(API.replace("/v1/jobs/{id}:", "/v1/tasks/{id}:"), "/paths/~1v1~1jobs~1{id}: removed");
  }

  @Test
  void anAddedPathPasses() {
    assertPasses(API + """
          /v1/other:
            get:
              responses:
                '200': {description: ok}
        """);
  }

  @Test
  void aRemovedOperationBreaks() {
    assertBreaks(API.replace("    get:\n", "    put:\n"), "/get: removed");
  }

  @Test
  void aRemovedResponseStatusBreaks() {
    assertBreaks(API.replace("'404': {description: No such job.}", "'410': {description: Gone.}"), "/responses/404: removed");
  }

  @Test
  void aRemovedResponseHeaderBreaks() {
    assertBreaks(API.replace("Zeroprint-Request-Id:", "Other-Id:"), "/headers/Zeroprint-Request-Id: removed");
  }

  @Test
  void aRemovedPropertyBreaks() {
    assertBreaks(API.replace("seq: {type: integer}", "sequence: {type: integer}"), "/properties/seq: removed");
  }

  @Test
  void aRemovedEnumValueBreaks() {
    assertBreaks(API.replace("enum: [queued, done]", "enum: [done]"), "value queued removed");
  }

  @Test
  void anAddedEnumValuePasses() {
    assertPasses(API.replace("enum: [queued, done]", "enum: [queued, running, done]"));
  }

  @Test
  void aTypeChangeBreaks() {
    assertBreaks(API.replace("seq: {type: integer}", "seq: {type: string}"), "type integer removed");
  }

  @Test
  void aTypeThatAlsoAllowsNullPasses() {
    assertPasses(API.replace("seq: {type: integer}", "seq: {type: [integer, 'null']}"));
  }

  @Test
  void aLowerMaximumBreaksAndAHigherOnePasses() {
    assertBreaks(API.replace("maximum: 30", "maximum: 20"), "lowered from 30 to 20");
    assertPasses(API.replace("maximum: 30", "maximum: 60"));
  }

  @Test
  void aHigherMinimumBreaksAndANewBoundBreaks() {
    assertBreaks(API.replace("minimum: 0", "minimum: 1"), "raised from 0 to 1");
    assertBreaks(API.replace("seq: {type: integer}", "seq: {type: integer, maximum: 9}"), "added maximum");
  }

  @Test
  void aNewRequiredRequestMemberBreaks() {
    assertBreaks(API.replace("required: [a]", "required: [a, b]"), "b became required");
  }

  @Test
  void aNewRequiredResponseMemberPassesAndADroppedOneBreaks() {
    assertPasses(API.replace("required: [state]", "required: [state, seq]"));
    assertBreaks(API.replace("required: [state]", "required: []"), "state is no longer always sent");
  }

  @Test
  void aNewRequiredParameterBreaksAndANewOptionalOnePasses() {
    String required = "- {name: since, in: query, required: true, schema: {type: integer}}\n        ";
    String optional = "- {name: since, in: query, schema: {type: integer}}\n        ";
    String anchor = "- {name: wait";
    assertBreaks(API.replace(anchor, required + anchor), "query:since: a required parameter was added");
    assertPasses(API.replace(anchor, optional + anchor));
  }

  @Test
  void aParameterThatBecomesRequiredBreaks() {
    assertBreaks(API.replace("{name: wait, in: query,", "{name: wait, in: query, required: true,"),
        "query:wait/required: became required");
  }

  @Test
  void aRemovedParameterBreaks() {
    assertBreaks(API.replace("{name: wait, in: query", "{name: timeout, in: query"), "query:wait: removed");
  }

  @Test
  void changedProseAndVersionPass() {
    assertPasses(API.replace("description: A job.", "description: One job, as it stands.")
        .replace("version: \"1\"", "version: \"1.1\""));
  }

  @Test
  void aRemovedAsyncApiMessageBreaks() {
    String before = """
        asyncapi: 3.0.0
        channels:
          ws:
            address: /v1/ws
            messages:
              submit: {payload: {type: object}}
              cancel: {payload: {type: object}}
        """;
    assertTrue(breaks(before, before.replace("cancel:", "stop:")).contains("/channels/ws/messages/cancel: removed"));
  }

  @Test
  void aSchemaFileSentOnlyByTheServerMayPromiseMore() {
    String before = """
        {"type": "object", "required": ["job"], "properties": {"job": {"type": "string"}, "seq": {"type": "integer"}}}
        """;
    String after = before.replace("[\"job\"]", "[\"job\", \"seq\"]");
    assertEquals(List.of(), breaks(before, after, EnumSet.of(Direction.RESPONSE)));
    assertEquals(List.of("/required: seq became required"), breaks(before, after, EnumSet.of(Direction.REQUEST)));
  }
}
