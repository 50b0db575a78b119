using Chorus.Text.Sentiment;

namespace Chorus.Text.Tests.Sentiment;

/// <summary>
/// A small labelled French set written for these tests (typical comments on a brand's page), to
/// watch the French lexicon and rules as a whole; the individual rules have their own tests.
/// </summary>
public class FrenchSentimentAccuracyTests
{
    private static readonly (bool Positive, string Text)[] Comments =
    [
        (true, "Franchement top, livraison rapide et produit conforme"),
        (true, "Merci à toute l'équipe, vous êtes géniaux !"),
        (true, "J'ai adoré le concert d'hier soir 😍"),
        (true, "Très bonne expérience, je recommande vivement"),
        (true, "Le service client a été super réactif, bravo"),
        (true, "Un vrai coup de coeur pour cette collection"),
        (true, "Rien à redire, tout était parfait"),
        (true, "Excellent rapport qualité prix"),
        (true, "Trop bien cette nouvelle appli !"),
        (true, "Je suis ravie de mon achat, merci"),
        (true, "Pas mal du tout, je suis agréablement surpris"),
        (true, "Magnifique vidéo, bravo pour le travail"),
        (true, "Produit de qualité, bien emballé, vendeur sympa"),
        (true, "C'était délicieux, on reviendra avec plaisir"),
        (true, "Félicitations pour ce beau projet"),
        (false, "Toujours pas reçu ma commande, c'est inadmissible"),
        (false, "Service client nul, personne ne répond"),
        (false, "Très déçu par la qualité, ça s'est cassé au bout de deux jours"),
        (false, "Franchement c'est de l'arnaque"),
        (false, "Je ne recommande pas du tout cette marque"),
        (false, "Application qui plante sans arrêt, une horreur"),
        (false, "Trop cher pour ce que c'est"),
        (false, "Le pire restaurant de la ville, à éviter"),
        (false, "Ce n'est pas du tout ce que j'avais commandé"),
        (false, "Honteux de traiter ses clients comme ça 😡"),
        (false, "Encore en panne, j'en ai marre"),
        (false, "Livraison en retard et colis abîmé, c'est lamentable"),
        (false, "Je n'aime pas le nouveau design, c'est moche"),
        (false, "Aucun intérêt, film ennuyeux du début à la fin"),
        (false, "Quelle déception, vraiment nul"),
    ];

    [Fact]
    public void Analyze_FrenchComments_AtLeastEightyFivePercentCorrect()
    {
        var wrong = Comments
            .Where(c => SentimentAnalyzer.Analyze(c.Text, "fr").Label != (c.Positive ? SentimentLabel.Positive : SentimentLabel.Negative))
            .Select(c => c.Text)
            .ToList();

        ((double)(Comments.Length - wrong.Count) / Comments.Length).ShouldBeGreaterThanOrEqualTo(0.85, string.Join(" | ", wrong));
    }

    [Fact]
    public void Analyze_FrenchComments_LanguageDetectedAsFrench()
    {
        var french = Comments.Count(c => SentimentAnalyzer.Analyze(c.Text).Language == "fr");

        ((double)french / Comments.Length).ShouldBeGreaterThanOrEqualTo(0.9);
    }
}
