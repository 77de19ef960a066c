// PLACEHOLDER rule pack 'database': being written now; it reports nothing yet.
import { defineRule } from "../rule.js";

export default defineRule({
  name: "database",
  description: "placeholder",
  programs: [],
  findings: {},
  check() {},
});
