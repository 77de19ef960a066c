// PLACEHOLDER rule pack 'gcloud': being written now; it reports nothing yet.
import { defineRule } from "../rule.js";

export default defineRule({
  name: "gcloud",
  description: "placeholder",
  programs: [],
  findings: {},
  check() {},
});
