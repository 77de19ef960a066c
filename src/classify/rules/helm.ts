// PLACEHOLDER rule pack 'helm': being written now; it reports nothing yet.
import { defineRule } from "../rule.js";

export default defineRule({
  name: "helm",
  description: "placeholder",
  programs: [],
  findings: {},
  check() {},
});
