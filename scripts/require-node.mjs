// Plain JavaScript so it runs on any Node: refuse too-old versions with one line instead of a stack trace.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 9)) {
  console.error(`Tapestry needs Node.js 20.9 or newer; this is ${process.version}.`);
  process.exit(1);
}
