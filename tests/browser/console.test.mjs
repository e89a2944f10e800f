// The console and the public verification page in real Chromium (Debian's, headless, driven by
// playwright-core): the secretariat logs in, finds a dossier, views a scan, resolves a review,
// approves an account, enters the June jury's decisions; the night renders the parchments; the
// printed QR code of one is read back (pdftoppm + zbarimg) and its URL opened: « valide ».
// Screenshots of every page go to SHOTS for a person to look at.
//   node console.test.mjs CQP FOLDER PORT SHOTS
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const [cqp, folder, port, shots] = process.argv.slice(2);
const base = `http://127.0.0.1:${port}`;
const day = "2027-06-16";
mkdirSync(shots, { recursive: true });

const server = spawn(cqp, ["--date", day, "serve"], { cwd: folder, stdio: ["ignore", "pipe", "inherit"] });
await new Promise((resolve, reject) => {
  server.stdout.on("data", (chunk) => String(chunk).includes("console du secrétariat") && resolve());
  server.on("exit", (code) => reject(new Error(`cqp serve exited with ${code}`)));
});

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const failures = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR" });
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && failures.push(`console error on ${page.url()}: ${m.text()}`));
  const shot = (name, options = {}) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true, ...options });

  // Log in: the console sends an anonymous visitor to its login page.
  await page.goto(`${base}/secretariat/`);
  assert.match(page.url(), /\/secretariat\/connexion$/);
  await shot("01-connexion");
  await page.getByLabel("Identifiant").fill("amelie");
  await page.getByLabel("Mot de passe").fill("motdepasse-navigateur-2027");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByRole("heading", { name: "Tableau de bord" }).waitFor();
  await shot("02-tableau-de-bord");
  // The keyboard reaches the content first (skip link), then the navigation.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Aller au contenu");

  // Find a dossier by name, open it, view its scans.
  await page.getByRole("link", { name: "Dossiers" }).click();
  await page.getByLabel(/Nom, prénom/).fill("diaye");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await page.getByRole("link", { name: "n°4" }).click();
  await page.getByRole("heading", { name: /Candidature n°4 — Amélie Françoise N'Diaye/ }).waitFor();
  await shot("03-dossier-4");
  await page.goto(`${base}/secretariat/dossiers/1`);
  const scan = page.locator("img.scan").first();
  await scan.waitFor();
  assert.ok(await scan.evaluate((img) => img.complete && img.naturalWidth > 1000), "the scan is shown");
  await shot("04-dossier-1-scans");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot("05-dossier-1-fenetre-etroite");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `a narrow window scrolls sideways by ${overflow}px`);
  await page.setViewportSize({ width: 1280, height: 900 });

  // Resolve the review, the doubtful scan beside what was read.
  await page.getByRole("link", { name: "Vérifications" }).click();
  await shot("06-verifications");
  await page.getByRole("link", { name: "n°1" }).click();
  assert.ok(await page.locator("img.scan").evaluate((img) => img.naturalWidth > 0), "the review's scan is shown");
  await shot("07-verification-1");
  await page.getByLabel(/Ce qui a été fait/).fill("Logo envoyé par erreur : rien à classer.");
  await page.getByRole("button", { name: "Trancher" }).click();
  await page.getByText("vérification n°1 tranchée").waitFor();

  // Approve the new company's account: its name, quotes and markup shown as text.
  await page.getByRole("link", { name: "Comptes" }).click();
  await page.getByRole("link", { name: "n°6" }).click();
  await page.getByText('Chimie "Guillemets" & <b>Fils</b>').first().waitFor();
  assert.equal(await page.locator("b").count(), 0, "no markup from a sender is interpreted");
  await shot("08-compte-6");
  await page.getByRole("button", { name: "Approuver la demande" }).click();
  await page.getByText("approuvé").first().waitFor();

  // The June jury's decisions, one candidature at a time.
  await page.getByRole("link", { name: "Jurys" }).click();
  await page.getByRole("link", { name: "n°2" }).click();
  await shot("09-jury-2");
  for (const candidature of ["3", "4"]) {
    const form = page.locator("form", { has: page.locator(`input[name=candidature][value="${candidature}"]`) });
    for (const radio of await form.getByLabel("validée", { exact: true }).all()) await radio.check();
    await form.getByRole("button").click();
    await page.getByText(/Décisions du jury du 15\/06\/2027 enregistrées/).waitFor();
  }
  await shot("10-jury-2-decide");

  // The night renders the parchments; the printed QR code of one leads to « valide ».
  execFileSync(cqp, ["--date", day, "run"], { cwd: folder, stdio: "ignore" });
} catch (e) {
  failures.push(String(e.stack || e));
}
try {
  if (failures.length === 0) {
    const print = path.join(folder, "var/print");
    const newest = readdirSync(print).filter((f) => f.endsWith(".pdf"))
      .sort((a, b) => statSync(path.join(print, b)).mtimeMs - statSync(path.join(print, a)).mtimeMs)[0];
    execFileSync("pdftoppm", ["-r", "150", "-png", "-f", "2", "-l", "2", path.join(print, newest), path.join(shots, "11-parchemin-imprime")]);
    const image = readdirSync(shots).find((f) => f.startsWith("11-parchemin-imprime"));
    const url = execFileSync("zbarimg", ["--quiet", "--raw", path.join(shots, image)]).toString().trim().split("\n")[0];
    assert.ok(url.startsWith(`${base}/verifier?code=`), `the QR code points to the console's verification page: ${url}`);
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByText(/Parchemin valide|Attestation valide/).waitFor();
    await page.screenshot({ path: path.join(shots, "12-verification-valide.png"), fullPage: true });
    await page.goto(`${base}/verifier/AAAA-BBBB-CCCC-DDDD`);
    await page.getByText("Code inconnu").waitFor();
    await page.screenshot({ path: path.join(shots, "13-verification-inconnu.png"), fullPage: true });
  }
} catch (e) {
  failures.push(String(e.stack || e));
} finally {
  await browser.close();
  server.kill("SIGTERM");
}
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log(`browser test passed; screenshots in ${shots}`);
