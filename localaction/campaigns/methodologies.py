"""The methodologies and campaigns the platform ships with, as the Cape Town Plan
(sections 3.1–3.3) names them. They are data: the secretariat edits them and
defines new ones; this module only seeds a new installation.

Each milestone: (name, what it requires, what evidence proves it, the data
that recognise it — a rule of `campaigns.recognition`).
"""

LOCAL_AGENDA_MILESTONES = [
    (
        "Baseline review",
        "A review of the community's state and priority concerns, with stakeholders.",
        "The baseline review report.",
        "",
    ),
    (
        "Target setting",
        "Measurable targets for the priority concerns, agreed with stakeholders.",
        "The targets, entered on the platform or as a document.",
        "campaign_target",
    ),
    (
        "Council commitment",
        "The council adopts the agenda and its targets.",
        "The council resolution.",
        "",
    ),
    (
        "Implementation and monitoring",
        "Actions under way and indicators monitored.",
        "Actions in progress or completed; monitoring data.",
        "actions_under_way",
    ),
    (
        "Evaluation and reporting",
        "Results evaluated and reported to the council and the community.",
        "The evaluation report.",
        "",
    ),
]

METHODOLOGIES = {
    "ccp": (
        "Cities for Climate Protection milestones",
        "The five milestones of the performance-oriented CCP campaign.",
        [
            (
                "Baseline inventory and forecast",
                "A community greenhouse gas inventory for a base year, and a forecast of "
                "emissions without new action.",
                "A submitted inventory and a forecast on the platform.",
                "inventory_and_forecast",
            ),
            (
                "Reduction target",
                "An emission reduction target adopted by the council.",
                "An adopted GHG target on the platform, with the council decision.",
                "ghg_target",
            ),
            (
                "Local action plan",
                "A local action plan to meet the target, adopted by the council.",
                "An adopted action plan on the platform.",
                "action_plan",
            ),
            (
                "Implementation",
                "Policies and measures of the plan put into effect.",
                "Actions in progress or completed, with their estimated impact.",
                "actions_under_way",
            ),
            (
                "Monitoring and verification",
                "Results monitored with a later inventory, and verified.",
                "A later inventory submitted on the platform.",
                "later_inventory",
            ),
        ],
    ),
    "water": (
        "Water Campaign milestones",
        "The five milestones of the Water Campaign: good water governance and "
        "integrated water resource management.",
        [
            (
                "Inventory of water consumption and quality",
                "An inventory of water consumption and water quality in the community.",
                "The water inventory report.",
                "",
            ),
            (
                "Goals",
                "Goals for water consumption, quality and access.",
                "Adopted targets set for the Water Campaign.",
                "campaign_target",
            ),
            (
                "Water action plan endorsed by council",
                "A water action plan to reach the goals, endorsed by the council.",
                "An adopted action plan for the Water Campaign.",
                "action_plan",
            ),
            (
                "Implementation and quantified benefits",
                "Measures of the plan put into effect, their benefits quantified.",
                "Actions in progress or completed with quantified impacts (m³, quality).",
                "actions_under_way",
            ),
            (
                "Review",
                "Progress reviewed and reported; the plan revised.",
                "The review report.",
                "",
            ),
        ],
    ),
    "procura": (
        "Procura+ milestones",
        "Sustainable procurement milestones: directing purchasing power to "
        "environmentally and socially sound products and services.",
        [
            (
                "Political commitment",
                "The council commits to sustainable procurement.",
                "The council resolution or policy.",
                "",
            ),
            (
                "Baseline assessment",
                "An assessment of current procurement in priority product groups.",
                "The baseline assessment.",
                "",
            ),
            (
                "Target setting",
                "Targets for sustainable procurement in priority product groups.",
                "Adopted targets set for the campaign.",
                "campaign_target",
            ),
            (
                "Procurement action plan",
                "A plan with the criteria, tenders and training to reach the targets.",
                "An adopted action plan for the campaign.",
                "action_plan",
            ),
            (
                "Monitoring and reporting",
                "Sustainable procurement measured and reported.",
                "The monitoring report.",
                "",
            ),
        ],
    ),
    "local-agenda": (
        "Local Agenda process",
        "The participatory planning process of Local Agenda 21, used by the Local "
        "Agendas for resilience, for peace and security and for viable local economies.",
        LOCAL_AGENDA_MILESTONES,
    ),
}

# code: (name, methodology, regions (none: worldwide), aims)
CAMPAIGNS = {
    "ccp": (
        "Cities for Climate Protection",
        "ccp",
        [],
        "Tangible reductions in greenhouse gas emissions by concerted, multi-local action, "
        "and adaptation to climate change.",
    ),
    "water": (
        "Water Campaign",
        "water",
        ["africa", "east-asia", "south-asia", "southeast-asia", "oceania"],
        "Better water quality and access to water through good water governance and "
        "integrated water resource management.",
    ),
    "procura": (
        "Procura+ Sustainable Procurement Campaign",
        "procura",
        [],
        "Sustainable production and consumption through local governments' purchasing power.",
    ),
    "local-agenda-21": (
        "Local Agenda 21",
        "local-agenda",
        [],
        "Participatory, long-term, strategic planning for sustainable development.",
    ),
    "resilient-communities": (
        "Resilient Communities and Cities",
        "local-agenda",
        [],
        "Local Resilience Agendas that reduce vulnerability to extreme events.",
    ),
    "peaceful-communities": (
        "Just, Peaceful and Secure Communities",
        "local-agenda",
        [],
        "Local Agendas for Peace and Security that address injustice, conflict and insecurity.",
    ),
    "viable-economies": (
        "Viable Local Economies",
        "local-agenda",
        [],
        "Local Viable Economy Agendas that address poverty from each community's strengths.",
    ),
}
