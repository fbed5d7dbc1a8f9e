import type { TemplateFill } from '../model.ts';

/**
 * The words one language uses in runbooks, as data. A phrase matches whole words of a text with
 * accents and case folded ("Escalonamento" = "escalonamento"); a trailing `*` makes its last word a
 * prefix ("resolu*" matches "resolução", "resolution", "resolución").
 */
export interface Vocabulary {
  language: string;
  headings: {
    escalation: string[];
    template: string[];
    links: string[];
  };
  /** Labels that introduce an expected result: "Expected output:", "Saída esperada:". */
  expectationLabels: string[];
  expectation: {
    nonEmpty: string[];
    empty: string[];
    /** Followed by the text that must appear: "contains X", "should show X". */
    contains: string[];
    /** Followed by a number and what to count: "at least one IP address". */
    atLeast: string[];
    /** Number words: "one" -> 1. */
    numbers: Record<string, number>;
  };
  escalation: {
    /** Verbs that introduce the people to notify: "page the X", "acionar o X", "avisar a X". */
    notifyVerbs: string[];
    /** Words that open a manual condition: "if", "se", "si", "when". */
    conditionWords: string[];
    /** Words before a duration ("after 15 minutes", "após", "tras"); informative only. */
    afterWords: string[];
    minuteUnits: string[];
    hourUnits: string[];
    /** Words meaning half an hour / an hour without digits. */
    halfHour: string[];
    oneHour: string[];
    /** Articles and prepositions dropped in front of a role name ("the", "o", "al"). */
    articles: string[];
    /** Words that end a role name ("via", "por"): the rest says how, not who. */
    nameEnders: string[];
    /** Table header words for the columns of an escalation table. */
    tableWhen: string[];
    tableNotify: string[];
    tableActions: string[];
  };
  template: {
    /** Label words -> the field the bot fills in by itself. `manual` entries are checked first. */
    fields: Record<TemplateFill, string[]>;
    /** Header words of a template table's label column ("Field", "Campo"). */
    tableLabel: string[];
  };
  /** "Step 3:", "Passo 3:", "Paso 3:" in front of a step title (dropped from step ids). */
  stepWords: string[];
}
