package net.stackspin.admin.identities;

import net.stackspin.admin.kratos.IdentityPage;
import net.stackspin.admin.kratos.KratosAdminClient;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The list of identities, one Kratos keyset page per request. */
@Controller
class IdentityController {

	static final int DEFAULT_PAGE_SIZE = 25;

	private final KratosAdminClient kratos;

	IdentityController(KratosAdminClient kratos) {
		this.kratos = kratos;
	}

	@GetMapping("/")
	String home() {
		return "redirect:/identities";
	}

	@GetMapping("/identities")
	String list(@RequestParam(name = "size", required = false) Integer size,
			@RequestParam(name = "page", required = false) String pageToken, Model model) {
		int pageSize = PageSizes.normalize(size);
		IdentityPage page = this.kratos.listIdentities(pageSize, pageToken);
		model.addAttribute("page", page);
		model.addAttribute("pageSize", pageSize);
		model.addAttribute("pageSizes", PageSizes.ALLOWED);
		model.addAttribute("firstPage", pageToken == null || pageToken.isBlank());
		return "identities/list";
	}

}
