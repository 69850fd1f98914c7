"""Where the data lives: the shared folders beside the checkout (STYLIZER_MODELS_DIR / STYLIZER_TRAINING_DIR override)."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = os.environ.get('STYLIZER_MODELS_DIR', os.path.join(ROOT, '..', 'shared', 'models'))
TRAINING = os.environ.get('STYLIZER_TRAINING_DIR', os.path.join(ROOT, '..', 'shared', 'training'))
