#pragma once

// The fillable PDF forms (AcroForm) `cqp` mails to the persons who act in the process and reads
// back when they return them: which fields each kind has, their labels as the form prints them,
// their limits, and the hidden fields that say which form it is. One place that both the
// renderer and the reader use, so that what is asked is what is read.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cqp::rules::fillable {

enum class FormKind {
    ObservationsMetier,  ///< the évaluateur métier's observations on a candidature
    SaisieCandidat,      ///< the candidate's own civil status, when the company invites them
    /// Outil n°4 filled in on a computer by the évaluateur habilité: acquis / non acquis and a
    /// comment per competence, the evaluation date, the candidate's observations. The printed
    /// outil n°4 (rules::formLayout) with fields over its boxes: printed, signed and scanned, it
    /// is still read by the scan reader.
    ResultatsEvaluation,
    /// The company registers a candidature to a jury, chosen among those still open for it.
    InscriptionJury,
    /// Outil n°6 on a computer (the company): the candidate's civil status and the candidature
    /// (CQP, competences, parcours, dispositif, organisme, évaluateur habilité, planned date) in
    /// one form, which makes both. Bound to the company's account, not to a dossier.
    DossierCandidature,
    /// The évaluateur habilité names the évaluateur métier of a candidature.
    InvitationMetier,
    /// A blank account request (an établissement or an évaluateur habilité): mailed to a sender
    /// without an account who asks for one, and printed by `cqp forms blank`. No token.
    DemandeCompte,
};

/// What the QR code on each page of a fillable form says, so that the form printed (or
/// "printed to PDF", its fields flattened) and scanned is still known: the form, its dossier,
/// its token and the page. "CQPIF;F=observationsMetier;V=1;D=12;T=…;P=1;K=1234": a checksum
/// closes it, as on the printed forms (rules::encodeFormCode).
struct FillableCode {
    FormKind kind = FormKind::ObservationsMetier;
    long long dossier = 0;
    std::string token;  ///< "" for a blank form
    int page = 1;
};
std::string encodeFillableCode(const FillableCode& code);
std::optional<FillableCode> decodeFillableCode(const std::string& text);

/// Every kind, in a fixed order.
const std::vector<FormKind>& allKinds();

/// The form's name in its hidden field ("observationsMetier"); the version of its fields.
std::string_view kindName(FormKind kind);
std::optional<FormKind> kindNamed(std::string_view name);
inline constexpr std::string_view version = "1";

/// The hidden fields every form carries (read-only, not printed).
inline constexpr std::string_view kindField = "cqp_formulaire";
inline constexpr std::string_view versionField = "cqp_version";
inline constexpr std::string_view dossierField = "cqp_dossier";  ///< candidature or candidate number
inline constexpr std::string_view tokenField = "cqp_jeton";

enum class FieldType { Text, MultiLine, Date, Choice };

struct FieldSpec {
    std::string_view name;     ///< the AcroForm field name
    std::string_view label;    ///< as printed beside the field, and named in refusals
    std::string_view element;  ///< the element of the XML schema it stands for (where rules refuse)
    FieldType type = FieldType::Text;
    int maxLength = 200;       ///< in characters
    bool required = true;
    std::vector<std::string_view> choices;  ///< FieldType::Choice: the values offered (none: offered when rendered)
    std::string_view hint;     ///< printed under the field ("JJ/MM/AAAA")
    std::string_view section;  ///< a heading printed before the field, when it starts a part of the form
};

/// ResultatsEvaluation: the radio group of a competence (values below) and its comment field.
std::string resultField(std::string_view competence);
std::string commentField(std::string_view competence);
inline constexpr std::string_view acquis = "acquis";
inline constexpr std::string_view nonAcquis = "non_acquis";

/// Whether `kind` is mailed to an account holder (its token is a form token, the account's
/// addresses may send it back) rather than to an invited person (an invitation token).
bool forAccountHolder(FormKind kind);
/// How long a form bound to an account (the company's outil n°6, one candidate each) may be
/// sent back, in days.
inline constexpr int accountFormDays = 365;
/// The forms a workflow mail of `mailKind` about a candidature carries, chosen, their tokens
/// issued and rendered when it is sent (nothing in the transaction that queued it): the
/// évaluateur's outil n°4 and métier invitation with his confirmation, the form each reminder
/// asks for. None for other mails.
std::vector<FormKind> formsMailedWith(std::string_view mailKind);
/// How many days the token of a form of `kind` stays valid once mailed (the outil n°4's counts
/// from its planned evaluation date when later).
int formValidityDays(FormKind kind);
/// Whether `kind` is mailed blank to anyone (no dossier, no token): the account request.
bool isBlank(FormKind kind);
/// Whether the `cqp_dossier` of `kind` is the account it speaks for (DossierCandidature) rather
/// than a candidature or a candidate.
bool boundToAccount(FormKind kind);

/// What is known of a returned form's token and sender, for the judgement below.
struct FormTokenFacts {
    bool known = false;        ///< the token was issued
    bool sameForm = false;     ///< for this kind of form
    bool sameDossier = false;  ///< for the dossier the form names
    bool used = false;         ///< a form with this token was already applied
    bool expired = false;
    bool stillNeeded = false;  ///< what the form brings is still missing (an expired token then serves)
    bool fromRecipient = false;  ///< sent from the address the form was mailed to
    bool fromAccount = false;    ///< or from one of the recipient account's addresses
};
/// Why the form cannot be applied (French, to the sender; it never names the expected address),
/// or nothing.
std::optional<std::string> formTokenRefusal(const FormTokenFacts& facts);

/// The person-entered fields of `kind` besides those per competence, in the order of the page
/// (the tab order).
const std::vector<FieldSpec>& fields(FormKind kind);
/// Whether the field named `name` holds prose (names, places, observations) rather than what is
/// read character by character (an address, a SIRET, a code, a number, a date): how its printed
/// copy is read back.
bool isProse(std::string_view name);
/// The field that stands for `element` in `kind`, if any.
const FieldSpec* fieldFor(FormKind kind, std::string_view element);

}  // namespace cqp::rules::fillable
